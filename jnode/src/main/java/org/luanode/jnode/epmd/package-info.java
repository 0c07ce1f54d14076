/**
 * The port mapper: a built-in one that speaks epmd's protocol on Apache MINA ({@code PortMapper},
 * {@code EpmdProtocol}, the {@code jnode epmd} command), the client a node uses to register and to find
 * its peers ({@code EpmdClient}), and starting a mapper when none answers ({@code PortMapperLauncher}).
 * The mapper's registrations ({@code NodeRegistry}) are guarded by the registry's own monitor; MINA's I/O
 * threads call into it.
 */
package org.luanode.jnode.epmd;
