package io.jenkins.plugins.codybatch.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose connections send at once (TCP_NODELAY). MockWebServer writes a response's head and body
 * separately; with Nagle's algorithm on, the body waits for the client's delayed ACK, about 40 ms on Linux, so an
 * "instant" fake would answer in 40 ms. The benchmarks that time our own overhead use this.
 */
public final class NoDelayServerSockets extends ServerSocketFactory {

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new NoDelay();
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        ServerSocket socket = new NoDelay();
        socket.bind(new java.net.InetSocketAddress(port));
        return socket;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        ServerSocket socket = new NoDelay();
        socket.bind(new java.net.InetSocketAddress(port), backlog);
        return socket;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        ServerSocket socket = new NoDelay();
        socket.bind(new java.net.InetSocketAddress(address, port), backlog);
        return socket;
    }

    private static final class NoDelay extends ServerSocket {
        NoDelay() throws IOException {
        }

        @Override
        public Socket accept() throws IOException {
            Socket socket = super.accept();
            socket.setTcpNoDelay(true);
            return socket;
        }
    }
}
