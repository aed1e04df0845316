"""The Marché fills its supplier profiles from Compte inclusion's directory (client
credentials), and a SIRET changed by the ASP's import follows the same profile."""

import json


def supplier_state(services, siret: str) -> dict:
    out = services.manage(
        "marche", "shell", "--no-imports", "-c",
        "import json; from marche.suppliers.models import Supplier; "
        f"s = Supplier.objects.filter(organization_id__isnull=False, siret='{siret}').first(); "
        "print(json.dumps(s and {'org': str(s.organization_id), 'slug': s.slug, 'active': s.is_active}))",
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def organization_public_id(services, siret: str) -> str:
    out = services.manage(
        "sso", "shell", "--no-imports", "-c",
        f"from sso.organizations.models import Organization; print(Organization.objects.get(siret='{siret}').public_id)",
    ).stdout  # fmt: skip
    return out.strip().splitlines()[-1]


def test_sync_links_profiles_to_organizations_and_follows_a_siret_change(services):
    first = services.manage("marche", "sync_suppliers").stdout
    assert "mis à jour" in first
    public_id = organization_public_id(services, "90000002700012")
    assert supplier_state(services, "90000002700012")["org"] == public_id
    slug = supplier_state(services, "90000002700012")["slug"]

    # The ASP's new file gives Atelier Bois & Compagnie (DEMO1) a new SIRET.
    csv_file = services.workdir / "asp.csv"
    csv_file.write_text(
        "asp_id;siret;kind;name;convention_end_date\n"
        "DEMO0;90000001900019;EI;Les Jardins Solidaires;2030-12-31\n"
        "DEMO1;90000009200016;ACI;Atelier Bois & Compagnie;2030-12-31\n"
        "DEMO4;90000005000014;EITI;Coopérative Démo (sans membre);2030-12-31\n"
    )
    services.manage("sso", "import_structures", str(csv_file))
    services.manage("marche", "sync_suppliers")

    moved = supplier_state(services, "90000009200016")
    assert moved["org"] == public_id and moved["slug"] == slug and moved["active"]
