"""Small modal dialogs the main screen and its helpers push: each asks one thing and returns it."""
