"""The Teams app package: manifest, icons, localization files and the zip builder."""
