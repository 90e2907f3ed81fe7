"""The cerberus schemas of plan and cycle files, one field per line with its comment."""
