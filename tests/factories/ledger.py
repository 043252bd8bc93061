from ledger import services
from ledger.models import Account
from tests.factories.barter import BusinessFactory, NetworkFactory


def open_accounts(n: int, *, credit_limit: int = 100_000, network=None) -> list[Account]:
    """n business accounts in one network, each with the given credit limit (cents)."""
    network = network or NetworkFactory(default_credit_limit=credit_limit)
    accounts = []
    for _ in range(n):
        account = services.account_open(business=BusinessFactory(network=network))
        if account.credit_limit != credit_limit:
            Account.objects.filter(pk=account.pk).update(credit_limit=credit_limit)
            account.refresh_from_db()
        accounts.append(account)
    return accounts
