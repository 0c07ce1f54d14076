package org.luanode.jnode.epmd;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.CumulativeProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;

/**
 * Cuts the byte stream into epmd requests: a 2-byte length, then the request. Memory per connection is
 * bounded by the protocol itself (at most 65,535 + 2 bytes are ever buffered).
 */
final class EpmdRequestDecoder extends CumulativeProtocolDecoder {
    @Override
    protected boolean doDecode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws Exception {
        if (in.remaining() < 2) return false;
        int length = in.getUnsignedShort(in.position());
        if (length == 0) throw new ProtocolDecoderException("request of length 0");
        if (in.remaining() < 2 + length) return false;
        in.skip(2);
        byte[] packet = new byte[length];
        in.get(packet);
        try {
            out.write(EpmdProtocol.parse(packet));
        } catch (EpmdProtocol.ProtocolException e) {
            throw new ProtocolDecoderException(e.getMessage());
        }
        return true;
    }
}
