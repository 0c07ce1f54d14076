package org.luanode.bridge;

/**
 * A value that has no form on the other side of the bridge. The message names the value and where it
 * sits inside the message (for example {@code msg.handlers[2]}), so the sender can find it.
 */
public class TermConversionException extends RuntimeException {
    public TermConversionException(String message) {
        super(message);
    }

    public TermConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
