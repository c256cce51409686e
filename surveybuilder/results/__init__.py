"""Where results are counted and exported. Reads answers; knows nothing of the web."""
