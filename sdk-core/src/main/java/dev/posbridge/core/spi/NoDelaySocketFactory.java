package dev.posbridge.core.spi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * Sets {@code TCP_NODELAY} on every socket. Without it, a request body larger than one segment
 * (e.g. 8 KiB) can stall ~40 ms per request on loopback and low-latency links: Nagle's algorithm
 * holds the tail while the peer delays its ACK.
 */
public final class NoDelaySocketFactory extends SocketFactory {
  private final SocketFactory delegate;

  private NoDelaySocketFactory(SocketFactory delegate) {
    this.delegate = delegate;
  }

  /**
   * Wraps a factory, unless it already is a {@code NoDelaySocketFactory}.
   *
   * @param delegate the factory that creates the sockets
   * @return a factory setting {@code TCP_NODELAY}
   */
  public static SocketFactory wrap(SocketFactory delegate) {
    return delegate instanceof NoDelaySocketFactory ? delegate : new NoDelaySocketFactory(delegate);
  }

  private static Socket noDelay(Socket socket) throws SocketException {
    socket.setTcpNoDelay(true);
    return socket;
  }

  @Override
  public Socket createSocket() throws IOException {
    return noDelay(delegate.createSocket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return noDelay(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return noDelay(delegate.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelay(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return noDelay(delegate.createSocket(address, port, localAddress, localPort));
  }
}
