"""Go Deep model artifacts and the Python pipeline that builds them (see models/README.md)."""
