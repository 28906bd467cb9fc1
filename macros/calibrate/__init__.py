"""Calibrate the entry criteria against a help-desk export."""
