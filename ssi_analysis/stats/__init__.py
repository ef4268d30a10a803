"""Statistics on loaded and aligned data: computed here, worded and drawn elsewhere."""
