"""Back-office pages of the registry, one module per area; thin views over access, selectors, services."""
