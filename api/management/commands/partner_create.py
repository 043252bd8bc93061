"""`manage.py partner_create --network SLUG --name NAME [--scopes read write] [--expires DAYS]`:
create a partner client and print its key, once."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api import services
from api.models import Scope
from barter.models import Network


class Command(BaseCommand):
    help = (
        "Create a partner API client bound to one network and print its key (shown only now: "
        "the platform keeps a hash)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--network", required=True, help="Slug of the network.")
        parser.add_argument("--name", required=True, help="Who the client is for.")
        parser.add_argument(
            "--scopes",
            nargs="+",
            default=[Scope.READ],
            choices=Scope.values,
            help="read, write or both (default: read).",
        )
        parser.add_argument(
            "--expires", type=int, metavar="DAYS", help="Days the key stays valid (default: ever)."
        )
        parser.add_argument("--rate", default="", help="Rate limit, e.g. 600/min.")
        parser.add_argument("--contact", default="", help="Technical contact e-mail.")

    def handle(self, *args, network, name, scopes, expires, rate, contact, **options):
        found = Network.objects.filter(slug=network).first()
        if found is None:
            slugs = ", ".join(Network.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No network {network!r} (networks: {slugs}).")
        expiry = timezone.now() + timezone.timedelta(days=expires) if expires else None
        try:
            client, key = services.partner_client_create(
                actor=None,
                network=found,
                name=name,
                scopes=scopes,
                expiry_date=expiry,
                throttle_rate=rate,
                contact_email=contact,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"client:  {client.pk} ({client.name}, network {found.slug})")
        self.stdout.write(f"scopes:  {' '.join(client.scopes)}")
        self.stdout.write(f"expires: {expiry.isoformat() if expiry else 'never'}")
        self.stdout.write(f"key:     {key}")
        self.stdout.write(
            self.style.WARNING(
                "Keep the key safe: it is shown only now. Send it as 'Authorization: Bearer <key>'."
            )
        )
