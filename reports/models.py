# The reports have no tables of their own: they read the other apps' (see reports/selectors.py)
# and add indexes to the ledger's (migration reports/0001).
