// Placeholder until the adbench issue lands.
public enum ADBenchKit {}
