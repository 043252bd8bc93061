from django.urls import path

from . import views

app_name = "ledger"

urlpatterns = [
    path("account/", views.account_detail, name="account"),
    path("account/statement/", views.statement, name="statement"),
    path("invoices/", views.invoice_list, name="invoice-list"),
    path("invoices/<int:pk>/pdf/", views.invoice_pdf, name="invoice-pdf"),
    path("coordination/accounts/", views.coordination_accounts, name="coordination-accounts"),
    path(
        "coordination/accounts/<int:pk>/",
        views.coordination_account,
        name="coordination-account",
    ),
    path(
        "coordination/transactions/<int:pk>/reverse/",
        views.transaction_reverse,
        name="transaction-reverse",
    ),
    path("coordination/audit/", views.audit_log, name="audit-log"),
]
