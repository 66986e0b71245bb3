print("notebooks: not yet implemented")
