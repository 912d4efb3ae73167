from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AccountsConfig(AppConfig):
    name = "rhythm.accounts"
    label = "accounts"

    def ready(self) -> None:
        from rhythm.lib.lookups import fold_case_on_sqlite

        connection_created.connect(fold_case_on_sqlite, dispatch_uid="rhythm.fold_case_on_sqlite")
