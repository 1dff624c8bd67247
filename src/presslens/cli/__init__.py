"""The ``presslens`` command line: thin wrappers for validation and output over the library."""
