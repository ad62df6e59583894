"""Tests of the spreadsheet reader and the legacy-encoding converter."""
