"""Links typed by editors go only to this site, http(s) or mailto: addresses."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis.strategies import sampled_from, text

from home.blocks import ButtonBlock, LinkBlock
from home.validators import validate_link_address

REFUSED = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/",
    "/\\evil.example/",
    "https://",
    "mailto:not an address",
    "https://example.org/\u202egnp.exe",
]
ACCEPTED = [
    "/cookies/",
    "/fr/privacy/versions/",
    "#main",
    "?topic=data_protection",
    "https://mage.genoscope.cns.fr/microscope/",
    "http://example.org/path?x=1",
    "mailto:dpo@example.org",
]


@pytest.mark.parametrize("address", REFUSED)
@pytest.mark.parametrize("block", [LinkBlock(), ButtonBlock()])
def test_a_link_block_refuses_scripts_and_other_schemes(block, address):
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"label": "Click", "link_url": address}))


@pytest.mark.parametrize("address", ACCEPTED)
def test_a_link_block_accepts_site_paths_web_and_mail_addresses(address):
    block = LinkBlock()
    value = block.clean(block.to_python({"label": "Go", "link_url": address}))
    assert value.url() == address


@given(
    scheme=sampled_from(["javascript", "data", "vbscript", "file", "blob", "ftp"]),
    rest=text(max_size=40),
)
def test_no_other_scheme_gets_through(scheme, rest):
    with pytest.raises(ValidationError):
        validate_link_address(f"{scheme}:{rest}")
