"""Import of a council's history from an OParl server or a saved OParl dump."""
