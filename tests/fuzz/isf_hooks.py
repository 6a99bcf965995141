# Schemathesis hooks for the ISF service: every request is signed as `isf` signs it, an HTTP
# Message Signature (RFC 9421, Ed25519, keyid the user) over @method, @path, @query and, with a
# body, its Content-Digest (RFC 9530), with created and a nonce. Signed through requests' own
# auth hook, so that what is signed is exactly what is sent.
import base64
import hashlib
import os
import time
import uuid
from urllib.parse import urlsplit

import requests
import schemathesis
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

USER = os.environ["ISF_FUZZ_USER"]
KEY = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(os.environ["ISF_FUZZ_KEY"]))


def _sf_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class SignedRequest(requests.auth.AuthBase):
    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        url = urlsplit(r.url)
        body = r.body.encode() if isinstance(r.body, str) else r.body
        components = [("@method", r.method.upper()), ("@path", url.path or "/"), ("@query", "?" + url.query)]
        if body:
            digest = "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"
            r.headers["Content-Digest"] = digest
            components.append(("content-digest", digest))
        covered = " ".join(_sf_string(name) for name, _ in components)
        params = f"({covered});created={int(time.time())};keyid={_sf_string(USER)};alg=\"ed25519\";nonce={_sf_string(str(uuid.uuid4()))}"
        base = "\n".join(f"{_sf_string(name)}: {value}" for name, value in components) + f"\n\"@signature-params\": {params}"
        signature = base64.b64encode(KEY.sign(base.encode())).decode()
        r.headers["Signature-Input"] = f"isf={params}"
        r.headers["Signature"] = f"isf=:{signature}:"
        return r


@schemathesis.hook
def before_call(context, case, kwargs):
    kwargs["auth"] = SignedRequest()
