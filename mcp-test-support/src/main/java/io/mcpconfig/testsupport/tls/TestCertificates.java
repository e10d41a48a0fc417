package io.mcpconfig.testsupport.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at run time for one test: its certificate and the
 * certificates it issues are written as PEM files into a directory, and
 * {@link #pemBundle} says how a Spring Boot SSL bundle
 * ({@code spring.ssl.bundle.pem.<name>.*}) uses them. Keys are EC P-256: made in
 * milliseconds, understood by the JDK and by gRPC's BoringSSL alike.
 */
public final class TestCertificates {

	private static final Duration VALIDITY = Duration.ofDays(1);

	private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

	private final Path dir;

	private final String commonName;

	private final X500Name name;

	private final KeyPair keys;

	private final X509Certificate certificate;

	private final Path certificateFile;

	private TestCertificates(Path dir, String commonName) {
		this.dir = dir;
		this.commonName = commonName;
		this.name = new X500Name("CN=" + commonName);
		this.keys = newKeyPair();
		try {
			X509v3CertificateBuilder builder = builder(this.name, this.keys, Instant.now().plus(VALIDITY));
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			this.certificate = sign(builder);
			this.certificateFile = writePem(dir.resolve(fileName(commonName) + ".crt"), "CERTIFICATE",
					this.certificate.getEncoded());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A new certificate authority whose files go into {@code dir}.
	 * @param dir an existing directory of the test's own
	 * @param commonName the CA's name ({@code CN=}), also the name of its certificate file
	 * @return the authority
	 */
	public static TestCertificates authority(Path dir, String commonName) {
		return new TestCertificates(dir, commonName);
	}

	/** The CA's certificate, PEM: what a peer that trusts this CA trusts. */
	public Path caCertificate() {
		return this.certificateFile;
	}

	/**
	 * Issues a server certificate for {@code localhost} and {@code 127.0.0.1} (subject
	 * alternative names, so a client that verifies the host name accepts either).
	 * @param commonName its {@code CN=} and file name
	 * @return the certificate and its private key
	 */
	public KeyPairFiles serverCertificate(String commonName) {
		return serverCertificate(commonName, "localhost", "127.0.0.1");
	}

	/**
	 * Issues a server certificate for the given host names and IP addresses only.
	 * @param commonName its {@code CN=} and file name
	 * @param hosts its subject alternative names: DNS names, or IPv4 addresses
	 * @return the certificate and its private key
	 */
	public KeyPairFiles serverCertificate(String commonName, String... hosts) {
		GeneralName[] names = new GeneralName[hosts.length];
		for (int i = 0; i < hosts.length; i++) {
			boolean ip = hosts[i].matches("[0-9.]+");
			names[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, hosts[i]);
		}
		return issue(commonName, KeyPurposeId.id_kp_serverAuth, new GeneralNames(names), Instant.now().plus(VALIDITY));
	}

	/**
	 * Issues a client certificate, for mutual TLS.
	 * @param commonName its {@code CN=} and file name
	 * @return the certificate and its private key
	 */
	public KeyPairFiles clientCertificate(String commonName) {
		return clientCertificate(commonName, Instant.now().plus(VALIDITY));
	}

	/**
	 * Issues a client certificate that expires at a given time, for mutual TLS.
	 * @param commonName its {@code CN=} and file name
	 * @param notAfter the end of its validity
	 * @return the certificate and its private key
	 */
	public KeyPairFiles clientCertificate(String commonName, Instant notAfter) {
		return issue(commonName, KeyPurposeId.id_kp_clientAuth, null, notAfter);
	}

	/**
	 * The settings of a PEM SSL bundle that presents a certificate of this CA and trusts
	 * this CA, as {@code name=value}.
	 * @param bundle the bundle's name
	 * @param keyPair a certificate this CA issued
	 * @return {@code spring.ssl.bundle.pem.<bundle>.keystore.*} and {@code .truststore.certificate}
	 */
	public List<String> pemBundle(String bundle, KeyPairFiles keyPair) {
		String prefix = "spring.ssl.bundle.pem." + bundle;
		return List.of(prefix + ".keystore.certificate=file:" + keyPair.certificate(),
				prefix + ".keystore.private-key=file:" + keyPair.privateKey(),
				prefix + ".truststore.certificate=file:" + this.certificateFile);
	}

	/**
	 * The settings of a PEM SSL bundle that only trusts this CA, as {@code name=value}.
	 * @param bundle the bundle's name
	 * @return {@code spring.ssl.bundle.pem.<bundle>.truststore.certificate}
	 */
	public List<String> pemTrustBundle(String bundle) {
		return List.of("spring.ssl.bundle.pem." + bundle + ".truststore.certificate=file:" + this.certificateFile);
	}

	/**
	 * A PKCS#12 trust store holding this CA's certificate, for JKS-style bundles.
	 * @param password the store's password
	 * @return the store file
	 */
	public Path pkcs12TrustStore(String password) {
		try {
			Path file = this.dir.resolve(fileName(this.commonName) + "-trust.p12");
			try (var out = Files.newOutputStream(file)) {
				trustStore().store(out, password.toCharArray());
			}
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A client-side TLS context that trusts this CA (and nothing else), for HTTPS calls. */
	public SSLContext trustingContext() {
		try {
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trustStore());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private KeyStore trustStore() throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setCertificateEntry("ca", this.certificate);
		return store;
	}

	private KeyPairFiles issue(String commonName, KeyPurposeId purpose, GeneralNames alternativeNames,
			Instant notAfter) {
		KeyPair leafKeys = newKeyPair();
		try {
			X509v3CertificateBuilder builder = builder(new X500Name("CN=" + commonName), leafKeys, notAfter);
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					extensions.createAuthorityKeyIdentifier(this.certificate));
			if (alternativeNames != null) {
				builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
			}
			X509Certificate issued = sign(builder);
			String file = fileName(commonName);
			return new KeyPairFiles(writePem(this.dir.resolve(file + ".crt"), "CERTIFICATE", issued.getEncoded()),
					writePrivateKey(this.dir.resolve(file + ".key"), leafKeys.getPrivate()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private X509v3CertificateBuilder builder(X500Name subject, KeyPair subjectKeys, Instant notAfter)
			throws IOException {
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(this.name,
				BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(Instant.now().minus(Duration.ofHours(1))),
				Date.from(notAfter), subject, subjectKeys.getPublic());
		try {
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					new JcaX509ExtensionUtils().createSubjectKeyIdentifier(subjectKeys.getPublic()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		return builder;
	}

	private X509Certificate sign(X509v3CertificateBuilder builder) throws GeneralSecurityException {
		try {
			ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(this.keys.getPrivate());
			return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException(ex);
		}
	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** PKCS#8, unencrypted, readable by its owner only: what Boot's PEM bundles read. */
	private static Path writePrivateKey(Path file, PrivateKey key) throws IOException {
		writePem(file, "PRIVATE KEY", key.getEncoded());
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system: the temporary directory is the test's own anyway
		}
		return file;
	}

	private static Path writePem(Path file, String type, byte[] der) throws IOException {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
				StandardCharsets.US_ASCII);
		return file;
	}

	private static String fileName(String name) {
		return name.replaceAll("[^A-Za-z0-9._-]", "_");
	}

	/**
	 * A certificate and its private key, as PEM files.
	 *
	 * @param certificate the certificate
	 * @param privateKey the private key (PKCS#8)
	 */
	public record KeyPairFiles(Path certificate, Path privateKey) {
	}

}
