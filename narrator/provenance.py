"""Provenance stage: a signed C2PA manifest in the MP3 stating that its voice is synthetic (c2pa-python)."""

from __future__ import annotations

import io
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import AudioError

_LOGGER = logging.getLogger(__name__)

DIGITAL_SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
"""IPTC digital source type of speech made by a trained model (C2PA `digitalSourceType`)."""
ASSERTION_LABEL = "org.narrator.synthetic-speech"
"""narrator's own assertion: the tool, the voice and the source article, for readers that skip the actions."""
TOOL = "narrator"
TOOL_VERSION = "0.1.0"
_warned_unsigned = threading.Event()


@dataclass(frozen=True)
class Provenance:
    """What the manifest says about one narration."""

    title: str
    narrator: str
    """The narrator's display name."""
    engine: str
    voice: str
    """The engine's voice id."""
    source_url: str = ""
    disclosure: str = ""


@dataclass(frozen=True)
class Credentials:
    """The operator's signing certificate chain and key (PEM) and the algorithm the key implies."""

    cert_pem: bytes
    key_pem: bytes
    alg: str
    tsa_url: str = ""

    @classmethod
    def from_files(cls, cert_file: str, key_file: str, tsa_url: str = "") -> "Credentials":
        """Read and check the PEM files; the algorithm follows the key (EC curve, RSA -> PS256, Ed25519)."""
        from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
        from cryptography.hazmat.primitives.serialization import load_pem_private_key

        try:
            cert_pem, key_pem = Path(cert_file).read_bytes(), Path(key_file).read_bytes()
            key = load_pem_private_key(key_pem, password=None)
        except (OSError, ValueError, TypeError) as exc:
            raise AudioError(f"cannot read the C2PA signing certificate or key ({cert_file}, {key_file}): {exc}") \
                from exc
        curves = {"secp256r1": "es256", "secp384r1": "es384", "secp521r1": "es512"}
        if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name in curves:
            alg = curves[key.curve.name]
        elif isinstance(key, rsa.RSAPrivateKey):
            alg = "ps256"
        elif isinstance(key, ed25519.Ed25519PrivateKey):
            alg = "ed25519"
        else:
            raise AudioError("the C2PA signing key must be EC (P-256, P-384, P-521), RSA or Ed25519")
        if b"BEGIN CERTIFICATE" not in cert_pem:
            raise AudioError(f"{cert_file} holds no PEM certificate")
        return cls(cert_pem, key_pem, alg, tsa_url)


def credentials(cert_file: str, key_file: str, tsa_url: str = "") -> Credentials | None:
    """The configured credentials, or None (noted once per process) when no key is configured."""
    if cert_file and key_file:
        return Credentials.from_files(cert_file, key_file, tsa_url)
    note_unsigned()
    return None


def note_unsigned(level: int = logging.INFO) -> None:
    """Say once per process that MP3s carry no C2PA manifest: INFO for a narration (`narrator -v`), WARNING from a
    worker starting without a key (an operator's log)."""
    if not _warned_unsigned.is_set():
        _warned_unsigned.set()
        _LOGGER.log(level, "no C2PA signing key configured (c2pa_cert_file, c2pa_key_file): MP3s carry no C2PA "
                           "manifest; their ID3 tags still say the voice is synthetic")


def manifest(info: Provenance) -> dict[str, Any]:
    """The manifest definition: a `c2pa.created` action with the trained-algorithm source type, and ours."""
    details = {"tool": TOOL, "tool_version": TOOL_VERSION, "engine": info.engine, "voice": info.voice,
               "narrator": info.narrator, "source_url": info.source_url or None, "disclosure": info.disclosure}
    return {
        "claim_generator_info": [{"name": TOOL, "version": TOOL_VERSION}],
        "title": info.title or "Narration",
        "format": "audio/mpeg",
        "assertions": [
            {"label": "c2pa.actions.v2", "data": {"actions": [{
                "action": "c2pa.created", "digitalSourceType": DIGITAL_SOURCE_TYPE,
                "softwareAgent": {"name": TOOL, "version": TOOL_VERSION},
                "description": f"Speech synthesized by {TOOL} with the voice {info.narrator} ({info.engine})",
                "parameters": {k: v for k, v in details.items() if k in ("engine", "voice", "source_url") and v}}]}},
            {"label": ASSERTION_LABEL, "data": {k: v for k, v in details.items() if v}},
        ],
    }


def sign_mp3(path: Path, info: Provenance, creds: Credentials) -> None:
    """Embed a signed manifest in the MP3 (after its ID3 tags are final: it hashes them), replacing the file."""
    import c2pa

    signed = path.with_name(f".{path.name}.signing")
    try:
        signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(alg=creds.alg, sign_cert=creds.cert_pem,
                                                           private_key=creds.key_pem,
                                                           ta_url=creds.tsa_url or None))
        with signer, c2pa.Builder(json.dumps(manifest(info))) as builder, path.open("rb") as source, \
                signed.open("w+b") as dest:
            builder.sign(signer, "audio/mpeg", source, dest)
        os.replace(signed, path)
    except c2pa.C2paError as exc:
        raise AudioError(f"could not sign the C2PA manifest: {exc}") from exc
    finally:
        signed.unlink(missing_ok=True)


NO_MANIFEST = "no C2PA manifest"
"""The validation state read_manifest gives a file without a manifest (made without a signing key)."""


def read_manifest(data: bytes, trust_anchors_pem: str = "") -> tuple[str, dict[str, Any] | None]:
    """(validation state, active manifest) of MP3 bytes: Trusted, Valid or Invalid, or (NO_MANIFEST, None) for a file
    that carries none; for checks and tools."""
    import c2pa

    context = c2pa.Context.from_dict({"trust": {"trust_anchors": trust_anchors_pem},
                                      "verify": {"verify_trust": True}}) if trust_anchors_pem else None
    try:
        with c2pa.Reader("audio/mpeg", io.BytesIO(data), context=context) as reader:
            return reader.get_validation_state() or "", reader.get_active_manifest()
    except c2pa.C2paError.ManifestNotFound:
        return NO_MANIFEST, None
