"""The shared core: errors, settings, records, file I/O and progress. Imports no stage."""
