"""Every rule and model of the product. Pure Python: no Qt, no SQL, no I/O."""
