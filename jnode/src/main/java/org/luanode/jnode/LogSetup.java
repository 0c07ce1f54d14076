package org.luanode.jnode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging as the node has it: reports (process crashes, node events) on standard error, so a script's
 * output stays its own, in Erlang's report style; the level from {@code LUANODE_LOG_LEVEL} (default
 * WARN). Set up in code, found by logback through META-INF/services: reading an XML configuration cost
 * a third of a second at every start.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("=%level REPORT==== %d{HH:mm:ss.SSS} %logger: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        String level = System.getenv("LUANODE_LOG_LEVEL");
        root.setLevel(Level.toLevel(level == null ? "WARN" : level, Level.WARN));
        root.addAppender(stderr);
        context.getLogger("org.apache.mina").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
