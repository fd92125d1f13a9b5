"""A relay that answers slowly: a TCP proxy on loopback that waits before passing each connection
on to the real relay. ``python tests/slow_proxy.py LISTEN_PORT UPSTREAM_PORT DELAY_S LIFETIME_S``;
it prints "ready" once listening and stops by itself after LIFETIME_S (or when killed)."""

from __future__ import annotations

import asyncio
import sys


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()


async def main(listen_port: int, upstream_port: int, delay: float, lifetime: float) -> None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(delay)  # the slow network, or a busy relay
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", upstream_port)
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer), return_exceptions=True)

    server = await asyncio.start_server(handle, "127.0.0.1", listen_port)
    print("ready", flush=True)
    async with server:
        await asyncio.wait_for(server.serve_forever(), lifetime)


if __name__ == "__main__":
    port, upstream, delay, lifetime = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    try:
        asyncio.run(main(port, upstream, delay, lifetime))
    except (asyncio.TimeoutError, KeyboardInterrupt):
        pass
