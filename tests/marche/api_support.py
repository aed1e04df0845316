"""Checksum-valid SIRETs for the API tests (python-stdnum computes the Luhn keys)."""

from stdnum import luhn


def valid_siren(n: int) -> str:
    base = f"{n:08d}"
    return base + luhn.calc_check_digit(base)


def valid_siret(n: int, establishment: int = 1) -> str:
    base = valid_siren(n) + f"{establishment:04d}"
    return base + luhn.calc_check_digit(base)


def with_bad_checksum(siret: str) -> str:
    return siret[:-1] + str((int(siret[-1]) + 1) % 10)
