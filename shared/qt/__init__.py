"""The one Qt corner of shared/: fonts, theme and painting used by both apps and the CLI."""
