package io.mcpconfig.server.imports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.mcpconfig.protocol.TargetNames;
import io.mcpconfig.server.admin.ConfigFormat;
import io.mcpconfig.server.admin.ConfigParseException;
import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.Target;

/**
 * How the files of a Spring Cloud Config native repository become configurations, as
 * that server would serve them: {@code application*} is the shared layer, {@code {app}*}
 * the application's own; {@code -{profile}} in a name makes every document of the file a
 * document of that profile. For one app, its plain files come first and its profile files
 * after them (by profile name), so a profile file wins over the plain ones; for one name,
 * {@code .properties} wins over {@code .yml} as in Boot.
 * <p>
 * A name such as {@code orders-service.yml} is the profile {@code service} of
 * {@code orders} only if {@code orders.yml} (or {@code .yaml}, {@code .properties}) is in
 * the repository too; otherwise it is the application {@code orders-service}. Files are
 * read at the repository root, or under the one folder every file of the archive is in
 * (as a downloaded archive of a Git repository holds them).
 */
final class NativeRepository {

	private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

	private static final Comparator<ProfiledFile> FILE_ORDER = Comparator
		.comparing((ProfiledFile file) -> (file.profile() != null) ? file.profile() : "")
		.thenComparing((file) -> file.format() == ConfigFormat.PROPERTIES)
		.thenComparing((file) -> file.file().path());

	private NativeRepository() {
	}

	/**
	 * @throws ImportException when a configuration file cannot be read; its path says which
	 */
	static Plan plan(List<RepositoryFile> files) {
		String root = commonFolder(files);
		List<Skipped> skipped = new ArrayList<>();
		List<ProfiledFile> configs = new ArrayList<>();
		Set<String> plainNames = new HashSet<>();
		for (RepositoryFile file : files) {
			String folder = file.folder();
			Optional<ConfigFormat> format = ConfigFormat.ofFileName(file.name());
			if (!folder.equals(root)) {
				skipped.add(new Skipped(file.path(), "not at the repository root, where Spring Cloud Config looks"));
			}
			else if (format.isEmpty() || file.name().startsWith(".")) {
				skipped.add(new Skipped(file.path(), "not a .yml, .yaml or .properties file"));
			}
			else {
				configs.add(new ProfiledFile(file, baseName(file.name()), null, format.get()));
				plainNames.add(baseName(file.name()));
			}
		}
		Map<String, List<ProfiledFile>> byApp = new TreeMap<>();
		for (ProfiledFile config : configs) {
			ProfiledFile named = named(config, plainNames);
			Optional<String> invalid = TargetNames.validate("app", named.app());
			if (invalid.isEmpty() && named.profile() != null && !PROFILE_NAME.matcher(named.profile()).matches()) {
				// Spring Cloud Config reads the part after the dash as a profile name, never as an expression
				invalid = Optional.of("'" + named.profile() + "' is not a profile name ([A-Za-z0-9._-])");
			}
			if (invalid.isPresent()) {
				skipped.add(new Skipped(config.file().path(), invalid.get()));
				continue;
			}
			byApp.computeIfAbsent(named.app(), (app) -> new ArrayList<>()).add(named);
		}
		List<TargetFiles> targets = new ArrayList<>();
		byApp.forEach((app, appFiles) -> {
			appFiles.sort(FILE_ORDER);
			List<ConfigDocuments.Document> documents = new ArrayList<>();
			List<String> emptyFiles = new ArrayList<>();
			for (ProfiledFile file : appFiles) {
				ConfigDocuments parsed = parse(file);
				if (parsed.isEmpty()) {
					emptyFiles.add(file.file().path());
				}
				documents.addAll(documents(file, parsed));
			}
			try {
				targets.add(new TargetFiles(app, appFiles.stream().map((file) -> file.file().path()).toList(),
						emptyFiles, ConfigDocuments.of(documents)));
			}
			catch (IllegalArgumentException ex) {
				throw new ImportException(app + ": " + ex.getMessage());
			}
		});
		targets.sort(Comparator.comparing((TargetFiles target) -> !target.app().equals(Target.SHARED_APP))
			.thenComparing(TargetFiles::app));
		return new Plan(targets, skipped);
	}

	private static ConfigDocuments parse(ProfiledFile file) {
		try {
			return file.format().parseFile(file.file().content());
		}
		catch (ConfigParseException ex) {
			throw new ImportException(file.file().path() + ": " + ex.getMessage());
		}
	}

	/** The documents of one file, each also activated by the file's profile. */
	private static List<ConfigDocuments.Document> documents(ProfiledFile file, ConfigDocuments parsed) {
		if (file.profile() == null) {
			return parsed.asDocuments();
		}
		return parsed.asDocuments()
			.stream()
			.map((document) -> new ConfigDocuments.Document((document.onProfile() != null)
					? file.profile() + " & (" + document.onProfile() + ")" : file.profile(), document.properties()))
			.toList();
	}

	/** Which app and profile the file's name says, the longest known app name first. */
	private static ProfiledFile named(ProfiledFile file, Set<String> plainNames) {
		String name = file.app();
		for (int dash = name.lastIndexOf('-'); dash > 0; dash = name.lastIndexOf('-', dash - 1)) {
			String app = name.substring(0, dash);
			if (app.equals(Target.SHARED_APP) || plainNames.contains(app)) {
				return new ProfiledFile(file.file(), app, name.substring(dash + 1), file.format());
			}
		}
		return file;
	}

	private static String baseName(String fileName) {
		return fileName.substring(0, fileName.lastIndexOf('.'));
	}

	/** The one folder every file is in, {@code ""} when there is none. */
	private static String commonFolder(List<RepositoryFile> files) {
		if (files.isEmpty()) {
			return "";
		}
		String first = files.get(0).path();
		int slash = first.indexOf('/');
		if (slash < 0) {
			return "";
		}
		String folder = first.substring(0, slash);
		boolean shared = files.stream().allMatch((file) -> file.path().startsWith(folder + "/"));
		return shared ? folder : "";
	}

	/**
	 * What an import publishes, and what it leaves aside.
	 *
	 * @param targets the shared layer first, then the applications by name
	 * @param skipped the files it does not read, each with why
	 */
	record Plan(List<TargetFiles> targets, List<Skipped> skipped) {
	}

	/**
	 * One application's files and the configuration they make.
	 *
	 * @param app the application ({@code application} for the shared layer)
	 * @param files the paths read, in the order they apply
	 * @param emptyFiles those of them without any property (empty, or comments only), read
	 * as the empty configuration Spring Cloud Config serves for them
	 * @param documents the configuration
	 */
	record TargetFiles(String app, List<String> files, List<String> emptyFiles, ConfigDocuments documents) {
	}

	/**
	 * A file an import does not read.
	 *
	 * @param path its path in the archive
	 * @param reason why
	 */
	record Skipped(String path, String reason) {
	}

	/** A configuration file, with the app and profile its name says. */
	private record ProfiledFile(RepositoryFile file, String app, String profile, ConfigFormat format) {
	}

}
