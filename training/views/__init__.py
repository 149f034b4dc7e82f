"""Pages of training: learning (cadres), office (officers, coordinators), certificates."""
