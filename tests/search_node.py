"""A dedicated OpenSearch node a test may stop and start again (the shared one must stay up)."""

import os
import subprocess
import time
import urllib.request
from pathlib import Path

from .servers import free_port

NODE_DIR = Path(__file__).resolve().parent.parent / "ops" / "search-node" / "target"


class SearchNode:
    def __init__(self, data_dir, port=None):
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=120):
        classpath = f"{NODE_DIR / 'search-node-1.0.jar'}:{NODE_DIR / 'lib'}/*"
        log = open(self.data_dir / "node.log", "a")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603
            ["java", "-Xms256m", "-Xmx512m", "-cp", classpath, "nl.rgw.search.SearchNode",  # noqa: S607
             str(self.data_dir / "data"), str(self.port)],
            stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy(),
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/_cluster/health", timeout=1)  # noqa: S310
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("OpenSearch stopte bij het starten") from None
                time.sleep(0.5)
        raise RuntimeError("OpenSearch startte niet op tijd")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)
        self.process = None
