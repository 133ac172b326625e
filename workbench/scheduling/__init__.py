"""The scheduling engine: rules, model building, solving and checking."""
