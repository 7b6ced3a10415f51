"""Serving the explorer from JupyterLab: kernel messages sent without Nagle's delay.

Jupyter Server's kernel websocket leaves Nagle's algorithm on (tornado's default), so the
last part of a frame the explorer sends (about 86 kB of JPEG) can wait for the browser's
delayed acknowledgement. Measured with ``benchmarks/bench_explorer_browser.py`` on the 2-core
machine: the new frame arrived 37.9 ms after the key press with Nagle on and 26.4 ms with it
off. ``make lab`` and the browser tests start JupyterLab with
``--ServerApp.kernel_websocket_connection_class=analysis.drawing.lab_server.NoDelayKernelConnection``.
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

__all__ = ["NoDelayKernelConnection", "SERVER_OPTION"]

#: The ``jupyter lab`` option that selects :class:`NoDelayKernelConnection`.
SERVER_OPTION = (
    "--ServerApp.kernel_websocket_connection_class=analysis.drawing.lab_server.NoDelayKernelConnection"
)


class NoDelayKernelConnection(ZMQChannelsWebsocketConnection):
    """Jupyter Server's kernel websocket connection with TCP_NODELAY set when it opens.

    Examples
    --------
    >>> from unittest import mock
    >>> conn = NoDelayKernelConnection.__new__(NoDelayKernelConnection)
    >>> handler = mock.Mock()
    >>> with mock.patch.object(ZMQChannelsWebsocketConnection, "connect", return_value=None):
    ...     with mock.patch.object(NoDelayKernelConnection, "websocket_handler", handler):
    ...         conn.connect()
    >>> handler.set_nodelay.call_args.args
    (True,)
    """

    def connect(self):
        """Set TCP_NODELAY on the browser's socket, then connect as Jupyter Server does."""
        self.websocket_handler.set_nodelay(True)
        return super().connect()
