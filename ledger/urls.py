from django.urls import path  # noqa: F401  (the ledger pages are added here)

app_name = "ledger"

urlpatterns: list = []
