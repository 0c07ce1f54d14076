package org.luanode.jnode.dist;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangString;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS for distribution, configured as OTP's inet_tls_dist is: erl's {@code -ssl_dist_optfile} file,
 * {@code [{server, Options}, {client, Options}]}, read here with the options a cluster sets: certfile,
 * keyfile (default: the certfile), password, cacertfile, verify (verify_peer | verify_none, default
 * verify_none as in ssl), fail_if_no_peer_cert, versions, server_name_indication (disable), and the
 * ones without effect here (depth, secure_renegotiate, reuse_sessions, honor_cipher_order, log_level).
 * Others are refused by name: a node that cannot honour its security settings does not start.
 *
 * <p>As OTP's client, ours checks with verify_peer that the server's certificate names the host of the
 * node name (DNS or IP subject alternative name).
 */
final class TlsSettings {
    private static final Logger log = LoggerFactory.getLogger("luanode.dist");
    private static final Set<String> WITHOUT_EFFECT =
            Set.of("depth", "secure_renegotiate", "reuse_sessions", "honor_cipher_order", "log_level", "log_alert");

    /** A configuration that cannot be used; the message names the file, side and option. */
    static final class BadOptions extends IOException {
        BadOptions(String message) {
            super(message);
        }
    }

    /** One side's settings: its context and how it checks the peer. */
    private record Side(
            SSLContext context, boolean verifyPeer, boolean failIfNoPeerCert, String[] versions, boolean sni) {}

    private final Side server;
    private final Side client;

    private TlsSettings(Side server, Side client) {
        this.server = server;
        this.client = client;
    }

    /** Reads an option file as erl's -ssl_dist_optfile. */
    static TlsSettings fromFile(Path file) throws IOException {
        String where = file.toString();
        OtpErlangObject term;
        try {
            term = TermText.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (TermText.SyntaxError e) {
            throw new BadOptions(where + ": " + e.getMessage());
        }
        if (!(term instanceof OtpErlangList sides))
            throw new BadOptions(where + ": expected [{server, Options}, {client, Options}]");
        Map<String, Map<String, OtpErlangObject>> bySide = new LinkedHashMap<>();
        for (OtpErlangObject s : sides) {
            if (!(s instanceof OtpErlangTuple t)
                    || t.arity() != 2
                    || !(t.elementAt(0) instanceof OtpErlangAtom side)
                    || !(side.atomValue().equals("server") || side.atomValue().equals("client"))
                    || !(t.elementAt(1) instanceof OtpErlangList options))
                throw new BadOptions(where + ": expected {server, Options} or {client, Options}, got " + s);
            bySide.put(side.atomValue(), options(where + " (" + side.atomValue() + ")", options));
        }
        Side client = side(where + " (client)", bySide.getOrDefault("client", Map.of()), false);
        return new TlsSettings(side(where + " (server)", bySide.getOrDefault("server", Map.of()), true), client);
    }

    /** An engine for a connection a peer opened to us. */
    SSLEngine serverEngine() {
        SSLEngine engine = server.context().createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(server.versions());
        if (server.verifyPeer()) {
            if (server.failIfNoPeerCert()) engine.setNeedClientAuth(true);
            else engine.setWantClientAuth(true);
        }
        return engine;
    }

    /** An engine for a connection we open to {@code host}. */
    SSLEngine clientEngine(String host, int port) {
        SSLEngine engine = client.context().createSSLEngine(host, port);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(client.versions());
        SSLParameters params = engine.getSSLParameters();
        if (client.verifyPeer()) params.setEndpointIdentificationAlgorithm("HTTPS");
        // Java sends SNI only for dotted names; OTP sends the node's host whatever it is.
        if (client.sni() && !isAddress(host)) params.setServerNames(List.of(new SNIHostName(host)));
        engine.setSSLParameters(params);
        return engine;
    }

    private static boolean isAddress(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static Map<String, OtpErlangObject> options(String where, OtpErlangList list) throws BadOptions {
        Map<String, OtpErlangObject> options = new LinkedHashMap<>();
        for (OtpErlangObject o : list) {
            if (!(o instanceof OtpErlangTuple t) || t.arity() != 2 || !(t.elementAt(0) instanceof OtpErlangAtom key))
                throw new BadOptions(where + ": expected {Option, Value}, got " + o);
            options.put(key.atomValue(), t.elementAt(1));
        }
        return options;
    }

    private static Side side(String where, Map<String, OtpErlangObject> options, boolean isServer) throws IOException {
        String certfile = null;
        String keyfile = null;
        String cacertfile = null;
        char[] password = new char[0];
        boolean verifyPeer = false;
        boolean failIfNoPeerCert = false;
        boolean sni = true;
        String[] versions = {"TLSv1.3", "TLSv1.2"};
        for (Map.Entry<String, OtpErlangObject> e : options.entrySet()) {
            String key = e.getKey();
            OtpErlangObject value = e.getValue();
            switch (key) {
                case "certfile" -> certfile = text(where, key, value);
                case "keyfile" -> keyfile = text(where, key, value);
                case "cacertfile" -> cacertfile = text(where, key, value);
                case "password" -> password = text(where, key, value).toCharArray();
                case "verify" -> {
                    String v = atom(where, key, value);
                    if (!v.equals("verify_peer") && !v.equals("verify_none"))
                        throw new BadOptions(where + ": verify must be verify_peer or verify_none, got " + v);
                    verifyPeer = v.equals("verify_peer");
                }
                case "fail_if_no_peer_cert" -> {
                    if (!isServer) throw new BadOptions(where + ": fail_if_no_peer_cert is a server option");
                    failIfNoPeerCert = bool(where, key, value);
                }
                case "server_name_indication" -> {
                    if (!(value instanceof OtpErlangAtom a && a.atomValue().equals("disable")))
                        throw new BadOptions(where + ": only server_name_indication 'disable' is read here");
                    sni = false;
                }
                case "versions" -> versions = versions(where, value);
                default -> {
                    if (!WITHOUT_EFFECT.contains(key))
                        throw new BadOptions(where + ": option " + key + " is not supported by jnode");
                    log.debug("{}: option {} has no effect here", where, key);
                }
            }
        }
        if (isServer && certfile == null) throw new BadOptions(where + ": a server needs a certfile");
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManager[] keys = certfile == null ? null : keyManagers(where, certfile, keyfile, password);
            TrustManager[] trust =
                    verifyPeer ? trustManagers(where, cacertfile) : new TrustManager[] {new TrustingAll()};
            context.init(keys, trust, null);
            return new Side(context, verifyPeer, failIfNoPeerCert, versions, sni);
        } catch (GeneralSecurityException e) {
            throw new BadOptions(where + ": " + e.getMessage());
        }
    }

    private static KeyManager[] keyManagers(String where, String certfile, String keyfile, char[] password)
            throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = new ArrayList<>();
        PrivateKey key = null;
        for (Object o : pem(where, certfile)) if (o instanceof X509Certificate c) chain.add(c);
        for (Object o : pem(where, keyfile != null ? keyfile : certfile)) {
            if (key == null) key = privateKey(where, o, password);
        }
        if (chain.isEmpty()) throw new BadOptions(where + ": no certificate in " + certfile);
        if (key == null) throw new BadOptions(where + ": no private key in " + (keyfile != null ? keyfile : certfile));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("node", key, password, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    private static TrustManager[] trustManagers(String where, String cacertfile)
            throws IOException, GeneralSecurityException {
        if (cacertfile == null) throw new BadOptions(where + ": verify_peer needs a cacertfile");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int n = 0;
        for (Object o : pem(where, cacertfile))
            if (o instanceof X509Certificate c) store.setCertificateEntry("ca" + n++, c);
        if (n == 0) throw new BadOptions(where + ": no certificate in " + cacertfile);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /** What a PEM file holds: certificates as X509Certificate, anything else as BouncyCastle reads it. */
    private static List<Object> pem(String where, String file) throws IOException {
        List<Object> objects = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            JcaX509CertificateConverter certs = new JcaX509CertificateConverter();
            Object o;
            while ((o = parser.readObject()) != null)
                objects.add(o instanceof X509CertificateHolder h ? certs.getCertificate(h) : o);
        } catch (IOException e) {
            throw new BadOptions(where + ": cannot read " + file + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new BadOptions(where + ": bad certificate in " + file + ": " + e.getMessage());
        }
        return objects;
    }

    private static PrivateKey privateKey(String where, Object pem, char[] password) throws BadOptions {
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        try {
            if (pem instanceof PrivateKeyInfo info) return keys.getPrivateKey(info);
            if (pem instanceof PEMKeyPair pair) return keys.getKeyPair(pair).getPrivate();
            if (pem instanceof PEMEncryptedKeyPair encrypted)
                return keys.getKeyPair(encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().build(password)))
                        .getPrivate();
            if (pem instanceof PKCS8EncryptedPrivateKeyInfo encrypted)
                return keys.getPrivateKey(
                        encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder().build(password)));
            return null;
        } catch (IOException | OperatorCreationException | PKCSException e) {
            throw new BadOptions(where + ": cannot read the private key (wrong password?): " + e.getMessage());
        }
    }

    private static String text(String where, String key, OtpErlangObject value) throws BadOptions {
        if (value instanceof OtpErlangString s) return s.stringValue();
        if (value instanceof OtpErlangBinary b) return new String(b.binaryValue(), StandardCharsets.UTF_8);
        if (value instanceof OtpErlangList l && l.arity() == 0) return "";
        throw new BadOptions(where + ": " + key + " must be a string, got " + value);
    }

    private static String atom(String where, String key, OtpErlangObject value) throws BadOptions {
        if (value instanceof OtpErlangAtom a) return a.atomValue();
        throw new BadOptions(where + ": " + key + " must be an atom, got " + value);
    }

    private static boolean bool(String where, String key, OtpErlangObject value) throws BadOptions {
        String a = atom(where, key, value);
        if (!a.equals("true") && !a.equals("false"))
            throw new BadOptions(where + ": " + key + " must be true or false");
        return a.equals("true");
    }

    private static String[] versions(String where, OtpErlangObject value) throws BadOptions {
        if (!(value instanceof OtpErlangList list) || list.arity() == 0)
            throw new BadOptions(where + ": versions must be a list such as ['tlsv1.3', 'tlsv1.2']");
        List<String> out = new ArrayList<>();
        for (OtpErlangObject o : list) {
            String v = atom(where, "versions", o);
            out.add(
                    switch (v) {
                        case "tlsv1.3" -> "TLSv1.3";
                        case "tlsv1.2" -> "TLSv1.2";
                        default ->
                            throw new BadOptions(where + ": version " + v + " is not offered (tlsv1.3, tlsv1.2)");
                    });
        }
        return out.toArray(String[]::new);
    }

    /** verify_none: the peer's certificate is taken as it is, as OTP's ssl does with that setting. */
    private static final class TrustingAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
