"""The parts of the URL × role access matrix (tests/test_access_matrix.py)."""
