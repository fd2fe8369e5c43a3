"""Resolution: places, organisation names and regulations, from mentions to canonical entities."""
