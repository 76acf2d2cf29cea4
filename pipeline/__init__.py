"""Turn Norwegian municipal annual reports into data people can query."""

__version__ = "0.1.0"
