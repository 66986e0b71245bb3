// Placeholder until the notebooks issue lands.
public enum NotebookKit {}
