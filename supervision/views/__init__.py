"""HTML pages of the supervision app (现场督导, 四(二))."""
