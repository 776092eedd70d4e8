"""Hospital registry (医院目录): search, edit, import; a visit's hospital resolved against it."""
