package org.luanode.jnode.epmd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A port mapper that speaks epmd's protocol, for hosts without Erlang: nodes register their name and
 * distribution port, and other nodes look them up. Built on Apache MINA (non-blocking I/O, so thousands
 * of idle or slow clients cost no threads). A registration lives exactly as long as the connection that
 * made it. Malformed requests close the connection that sent them and nothing else.
 */
public final class PortMapper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PortMapper.class);
    private static final String REGISTRATION = "registration";

    /** Settings, with epmd's defaults. */
    public record Settings(
            InetAddress address, int port, boolean relaxedCommandCheck, int maxConnections, int idleSeconds) {
        public static Settings defaults(int port) {
            return new Settings(null, port, false, 4096, 10);
        }
    }

    private final Settings settings;
    private final NodeRegistry registry = new NodeRegistry();
    private final NioSocketAcceptor acceptor = new NioSocketAcceptor();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);

    public PortMapper(Settings settings) {
        this.settings = settings;
    }

    /** Starts listening; throws when the port is taken (another epmd runs). */
    public PortMapper start() throws IOException {
        acceptor.setReuseAddress(true);
        acceptor.setBacklog(1024);
        acceptor.getSessionConfig().setReaderIdleTime(settings.idleSeconds());
        acceptor.getSessionConfig().setTcpNoDelay(true);
        acceptor.getFilterChain()
                .addLast(
                        "epmd",
                        new ProtocolCodecFilter(
                                new ProtocolEncoderAdapter() {
                                    @Override
                                    public void encode(IoSession session, Object message, ProtocolEncoderOutput out) {
                                        out.write(IoBuffer.wrap((byte[]) message));
                                    }
                                },
                                new EpmdRequestDecoder()));
        acceptor.setHandler(new Handler());
        InetSocketAddress where = settings.address() == null
                ? new InetSocketAddress(settings.port())
                : new InetSocketAddress(settings.address(), settings.port());
        acceptor.bind(where);
        log.info("port mapper listening on {}", acceptor.getLocalAddress());
        return this;
    }

    public int port() {
        return acceptor.getLocalAddress().getPort();
    }

    /** Blocks until the mapper is stopped (by close() or a KILL_REQ). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        acceptor.unbind();
        acceptor.dispose(true);
        stopped.countDown();
    }

    private final class Handler extends IoHandlerAdapter {
        @Override
        public void sessionOpened(IoSession session) {
            if (connections.incrementAndGet() > settings.maxConnections()) {
                log.warn(
                        "too many connections ({}), closing {}", settings.maxConnections(), session.getRemoteAddress());
                session.closeNow();
            }
        }

        @Override
        public void sessionClosed(IoSession session) {
            connections.decrementAndGet();
            NodeRegistry.Registration r = registry.unregisterOwner(session);
            if (r != null)
                log.info("unregistered {} (port {})", r.node().name(), r.node().port());
        }

        @Override
        public void sessionIdle(IoSession session, IdleStatus status) {
            // A registered node's connection is silent by design; any other must send its request promptly.
            if (session.getAttribute(REGISTRATION) == null) session.closeNow();
        }

        @Override
        public void exceptionCaught(IoSession session, Throwable cause) {
            if (cause instanceof ProtocolDecoderException) {
                log.debug("bad request from {}: {}", session.getRemoteAddress(), cause.getMessage());
            } else if (!(cause instanceof IOException)) {
                log.warn("error on connection from {}", session.getRemoteAddress(), cause);
            }
            session.closeNow();
        }

        @Override
        public void messageReceived(IoSession session, Object message) {
            if (session.getAttribute(REGISTRATION) != null) {
                session.closeNow(); // a registered node sends nothing more; epmd treats it as garbage
                return;
            }
            switch ((EpmdProtocol.Request) message) {
                case EpmdProtocol.Alive2 alive -> alive2(session, alive);
                case EpmdProtocol.PortPlease2 req -> {
                    NodeRegistry.Registration r = registry.lookup(req.name());
                    reply(session, r == null ? EpmdProtocol.port2NotFound() : EpmdProtocol.port2Reply(r.node()));
                }
                case EpmdProtocol.Names req -> reply(session, EpmdProtocol.namesReply(port(), registry.nodes()));
                case EpmdProtocol.Dump req -> {
                    if (isLocal(session)) reply(session, EpmdProtocol.dumpReply(port(), registry.nodes()));
                    else session.closeNow();
                }
                case EpmdProtocol.Kill req -> kill(session);
                case EpmdProtocol.Stop req -> stop(session, req);
            }
        }

        private void alive2(IoSession session, EpmdProtocol.Alive2 alive) {
            NodeRegistry.Registration r = registry.register(alive, session);
            if (r == null) {
                log.info("refused to register {}: the name is taken", alive.name());
                reply(session, EpmdProtocol.alive2Reply(false, 99, alive.highestVersion()));
                return;
            }
            session.setAttribute(REGISTRATION, r);
            log.info("registered {} at port {} (creation {})", alive.name(), alive.port(), r.creation());
            session.write(EpmdProtocol.alive2Reply(true, r.creation(), alive.highestVersion()));
        }

        private void kill(IoSession session) {
            if (!isLocal(session)) {
                session.closeNow();
                return;
            }
            if (!settings.relaxedCommandCheck() && !registry.isEmpty()) {
                reply(session, "NO".getBytes());
                return;
            }
            session.write("OK".getBytes()).addListener(f -> {
                log.info("stopped by a KILL request");
                new Thread(PortMapper.this::close, "epmd-kill").start();
            });
        }

        private void stop(IoSession session, EpmdProtocol.Stop req) {
            if (!isLocal(session) || !settings.relaxedCommandCheck()) {
                log.info("refused STOP_REQ for {}: start the mapper with -relaxed_command_check", req.name());
                session.closeNow();
                return;
            }
            NodeRegistry.Registration r = registry.unregister(req.name());
            if (r == null) {
                reply(session, "NOEXIST".getBytes());
                return;
            }
            ((IoSession) r.owner()).closeNow();
            reply(session, "STOPPED".getBytes());
        }

        private void reply(IoSession session, byte[] bytes) {
            session.write(bytes);
            session.closeOnFlush();
        }

        private boolean isLocal(IoSession session) {
            return session.getRemoteAddress() instanceof InetSocketAddress a
                    && (a.getAddress().isLoopbackAddress()
                            || a.getAddress().equals(((InetSocketAddress) session.getLocalAddress()).getAddress()));
        }
    }
}
