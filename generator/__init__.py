"""helpkit: print-ready material against human trafficking from one trusted source."""

__version__ = "0.1.0"
