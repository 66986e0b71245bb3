print("adbench: not yet implemented")
