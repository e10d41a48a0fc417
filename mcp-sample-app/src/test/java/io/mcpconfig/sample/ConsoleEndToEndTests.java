package io.mcpconfig.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.mcpconfig.testsupport.center.ConfigCenterClient;
import io.mcpconfig.testsupport.center.McpServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web console as an operator uses it, in a real headless Chromium against the real
 * center and a real sample app: log in with a publisher token, publish a change after
 * its diff preview and see the app take it (and the instances page follow without a
 * reload), compare two versions and roll back, start a gray release for the app and
 * abort it, read the audit log. The steps share the processes and run in order.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConsoleEndToEndTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private static final String BASE = "sample:\n  greeting: Hello from the center\n  max-connections: 10\n";

	@TempDir
	static Path work;

	private static McpServerProcess server;

	private static ConfigCenterClient admin;

	private static SampleAppUnderTest app;

	private static ConsoleBrowser browser;

	private static String publisherToken;

	@BeforeAll
	static void start() throws Exception {
		server = McpServerProcess.start(work.resolve("server"));
		admin = server.admin();
		admin.publishYaml("mcp-sample-app", "dev", BASE);
		String clientToken = admin.createToken("sample-app", "client", "mcp-sample-app", "dev");
		publisherToken = admin.createToken("console-user", "publisher", "mcp-sample-app", "dev");
		app = SampleAppUnderTest.start(server.grpcAddress(), clientToken, work.resolve("snapshots"),
				"--mcp.client.instance-id=console-app", "--mcp.client.labels.region=eu");
		browser = ConsoleBrowser.start();
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.close();
		}
		if (app != null) {
			app.close();
		}
		if (server != null) {
			server.stop();
		}
	}

	@Test
	void anOperatorPublishesComparesRollsBackAndRunsAGrayReleaseFromTheConsole() throws Exception {
		logIn();
		anOlderAnswerNeverReplacesANewerOne();
		bidirectionalOverridesAreShownAsEscapes();
		theSkipLinkStaysOnThePage();
		publishAfterPreview();
		editsAreNeverPublishedOverANewerRelease();
		aDoubleClickPublishesOnce();
		instancesFollowWithoutReload();
		compareAndRollBack();
		grayReleaseStartedAndAborted();
		aGrayReleaseTheCenterAbortsAtARefusalIsSaidToHaveEnded();
		profileDocumentsSurviveAnEditInTheConsole();
		auditLog();
	}

	private void logIn() throws Exception {
		browser.open(server.httpUrl() + "/");
		browser.type("#token", "not-a-token");
		browser.click("#login button[type=submit]");
		browser.awaitText("#login-error", "not valid");
		browser.type("#token", publisherToken);
		browser.screenshot("login");
		browser.click("#login button[type=submit]");
		browser.awaitPresent("tr[data-target='mcp-sample-app/dev']");
		browser.awaitText("#live", "Live");
		assertThat(browser.driver().getCurrentUrl()).doesNotContain(publisherToken);
		assertThat(browser.driver().executeScript("return sessionStorage.getItem('mcp.console.token')"))
			.isEqualTo(publisherToken);
		browser.screenshot("targets");
	}

	/**
	 * The views load again on every event, so their answers can come back out of order
	 * (a gray release's counts once stuck at an answer older than the acknowledgement).
	 */
	private void anOlderAnswerNeverReplacesANewerOne() {
		Object draws = browser.driver().executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				import('./console/api.js').then(({ answerOrder }) => {
				  const order = answerOrder();
				  const first = order.start();
				  const second = order.start();
				  const third = order.start();
				  // answered: the second, then the first (older: dropped), then the third
				  done([second.draws(), first.draws(), third.draws()]);
				}, (failure) => done(String(failure)));
				""");
		assertThat(draws).isEqualTo(List.of(true, false, true));
	}

	/**
	 * A value with a right-to-left override would show in another order than it is stored:
	 * the page and the editor show the escape instead (the editor's text publishes back the
	 * same value, since .properties reads the escape).
	 */
	private void bidirectionalOverridesAreShownAsEscapes() {
		Object shown = browser.driver().executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				Promise.all([import('./console/dom.js'), import('./console/properties.js')]).then(([dom, properties]) => {
				  const cell = dom.h('td', {}, 'invoice\u202egnp.exe');
				  done([cell.textContent, properties.toProperties({ file: 'invoice\u202egnp.exe' })]);
				}, (failure) => done(String(failure)));
				""");
		assertThat(shown).isEqualTo(List.of("invoice\\u202egnp.exe", "file=invoice\\u202egnp.exe\n"));
	}

	/** "Skip to content" moves the focus, not the page (its #main once routed to the targets). */
	private void theSkipLinkStaysOnThePage() {
		browser.clickLink("mcp-sample-app/dev");
		browser.awaitText("#version", "1");
		String url = browser.driver().getCurrentUrl();
		browser.driver().executeScript("document.querySelector('.skip').click()");
		assertThat(browser.driver().getCurrentUrl()).isEqualTo(url);
		assertThat(browser.driver().executeScript("return document.activeElement.id")).isEqualTo("main");
		browser.awaitText("#version", "1");
		browser.clickLink("Targets");
		browser.awaitPresent("tr[data-target='mcp-sample-app/dev']");
	}

	private void publishAfterPreview() throws Exception {
		browser.clickLink("mcp-sample-app/dev");
		browser.awaitText("#version", "1");
		assertThat(browser.text("tr[data-key='sample.greeting']")).contains("Hello from the center");
		browser.type("#editor", "sample.greeting=Hello from the console\nsample.max-connections=10\nsample.timeout=3s\n");
		browser.type("#comment", "friendlier greeting");
		browser.click("#preview-button");
		browser.awaitPresent("#preview tr.change.modified[data-key='sample.greeting']");
		assertThat(browser.text("#preview tr.change.added")).contains("sample.timeout", "3s");
		assertThat(browser.driver().findElements(By.cssSelector("#preview tr.change"))).hasSize(2);
		browser.screenshot("publish-preview");
		browser.click("#publish");
		browser.awaitText("#status", "Published version 2");
		browser.awaitText("#version", "2");
		long size = admin.get("/api/v1/configs/mcp-sample-app/dev").get("size").asLong();
		assertThat(size).isGreaterThanOrEqualTo(77); // the three keys and values as the console sent them
		browser.awaitTextIs("#size", String.format(Locale.ENGLISH, "%,d bytes", size));
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("Hello from the console"));
		assertThat(app.json("/settings").get("timeout").asText()).isEqualTo("PT3S");
		assertThat(admin.get("/api/v1/configs/mcp-sample-app/dev").get("comment").asText()).isEqualTo("friendlier greeting");
	}

	/**
	 * Edits stay on the version they were read at: a release published meanwhile is not
	 * overwritten unseen (the center refuses the preview and the publish, 409), and the
	 * user chooses to drop the edits for the new version.
	 */
	private void editsAreNeverPublishedOverANewerRelease() {
		String edits = "sample.greeting=Hello from the console\nsample.max-connections=10\nsample.timeout=4s\n";
		browser.type("#editor", edits);
		long elsewhere = admin.publishYaml("mcp-sample-app", "dev",
				"sample:\n  greeting: Hello from elsewhere\n  max-connections: 10\n  timeout: 3s\n");
		browser.awaitText("#stale", "Version " + elsewhere + " was published while you edited version " + (elsewhere - 1));
		assertThat(browser.visible("#editor").getDomProperty("value")).isEqualTo(edits);
		browser.click("#preview-button");
		browser.awaitText("#preview", "version conflict");
		assertThat(browser.visible("#publish").isEnabled()).isFalse();

		browser.click("#load-latest");
		browser.awaitText("#version", String.valueOf(elsewhere));
		assertThat(browser.visible("#editor").getDomProperty("value")).contains("sample.greeting=Hello from elsewhere");
		assertThat(browser.driver().findElement(By.id("stale")).isDisplayed()).isFalse();
		assertThat(admin.get("/api/v1/configs/mcp-sample-app/dev").get("version").asLong()).isEqualTo(elsewhere);
	}

	/** The second click of a double click publishes nothing and reports nothing. */
	private void aDoubleClickPublishesOnce() {
		long before = admin.get("/api/v1/configs/mcp-sample-app/dev").get("version").asLong();
		browser.type("#editor", "sample.greeting=Hello from the console\nsample.max-connections=10\nsample.timeout=3s\n");
		browser.click("#preview-button");
		browser.awaitPresent("#preview tr.change.modified[data-key='sample.greeting']");
		new Actions(browser.driver()).doubleClick(browser.visible("#publish")).perform();
		browser.awaitText("#version", String.valueOf(before + 1));
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
			.until(() -> browser.text("#status").startsWith("Published version " + (before + 1)));
		assertThat(admin.get("/api/v1/configs/mcp-sample-app/dev").get("version").asLong()).isEqualTo(before + 1);
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("Hello from the console"));
	}

	/** A publish made elsewhere shows on the open pages through the event stream. */
	private void instancesFollowWithoutReload() throws Exception {
		browser.clickLink("Instances");
		browser.awaitPresent("tr[data-instance='console-app'][data-status='ACKED']");
		String row = "tr[data-instance='console-app']";
		browser.awaitText(row, "region=eu");
		long published = admin.publishYaml("mcp-sample-app", "dev",
				"sample:\n  greeting: Hello from the API\n  max-connections: 10\n");
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("Hello from the API"));
		// the acknowledgement arrives as an event: the row follows, no reload
		browser.awaitTextIs(row + " td:nth-child(2)", String.valueOf(published));
		browser.screenshot("instances");
	}

	private void compareAndRollBack() throws Exception {
		browser.clickLink("History");
		browser.awaitPresent("tr[data-version='3']");
		new Select(browser.visible("#diff-from")).selectByValue("1");
		new Select(browser.visible("#diff-to")).selectByValue("2");
		browser.click("#compare button[type=submit]");
		browser.awaitPresent("#diff tr.change.modified[data-key='sample.greeting']");
		assertThat(browser.text("#diff tr.change.modified[data-key='sample.greeting']")).contains("Hello from the center",
				"Hello from the console");
		assertThat(browser.text("#diff tr.change.added")).contains("sample.timeout");
		browser.screenshot("history");
		long rolledBack = admin.get("/api/v1/configs/mcp-sample-app/dev").get("version").asLong() + 1;
		browser.click("button[data-rollback='1']");
		browser.click("button[data-confirm='1']");
		browser.awaitText("#status", "Rolled back: version " + rolledBack + " has the content of version 1");
		browser.awaitPresent("tr[data-version='" + rolledBack + "']");
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("Hello from the center"));
	}

	private void grayReleaseStartedAndAborted() throws Exception {
		browser.clickLink("Overlays and gray");
		browser.awaitText("#gray-state", "No gray release is running");
		browser.type("#gray-instances", "console-app");
		browser.type("#gray-patch", "sample.greeting: Hello from the gray release\n");
		browser.click("#gray-form button[type=submit]");
		browser.awaitText("#status", "Gray release started");
		// the counts follow the app's acknowledgement through the event stream
		browser.awaitText("#gray-counts dd[data-count='matched']", "1");
		browser.awaitText("#gray-counts dd[data-count='applied']", "1");
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("Hello from the gray release"));
		browser.screenshot("gray");
		browser.click("#gray-abort");
		browser.awaitText("#gray-state", "No gray release is running");
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("Hello from the center"));
	}

	/**
	 * A gray release the app refuses, set to abort at the first refusal: the center ends
	 * it, the page says so, the app is shown running the base again, and the audit log
	 * shows the center's own entry.
	 */
	private void aGrayReleaseTheCenterAbortsAtARefusalIsSaidToHaveEnded() throws Exception {
		browser.awaitText("#gray-state", "No gray release is running");
		browser.type("#gray-instances", "console-app");
		browser.click("#gray-abort-on-nack");
		browser.type("#gray-patch", "sample.max-connections: nope\n");
		browser.click("#gray-form button[type=submit]");
		browser.awaitText("#status", "Gray release started");
		browser.awaitText("#gray-ended", "has ended");
		browser.screenshot("gray-ended");
		browser.clickLink("Instances");
		browser.awaitPresent("tr[data-instance='console-app'][data-status='ACKED']");
		assertThat(browser.text("tr[data-instance='console-app']")).contains("version", "nope");
		browser.clickLink("Audit log");
		browser.awaitPresent("#audit tr[data-action]");
		assertThat(browser.text("#audit tbody")).contains("mcp-server");
		assertThat(browser.driver().findElement(By.id("status")).getText()).isEmpty();
		browser.clickLink("Targets");
		browser.clickLink("mcp-sample-app/dev");
	}

	/**
	 * The editor shows a release's profile documents as #--- documents, publishing keeps
	 * them, and a comparison shows them.
	 */
	private void profileDocumentsSurviveAnEditInTheConsole() {
		long published = admin.publishYaml("mcp-sample-app", "dev", """
				sample:
				  greeting: Hello from the center
				  max-connections: 10
				---
				spring.config.activate.on-profile: eu
				sample.greeting: Hallo
				""");
		browser.clickLink("Configuration");
		browser.awaitText("#version", String.valueOf(published));
		browser.awaitText("#current", "Profile document, on-profile eu");
		assertThat(browser.visible("#editor").getDomProperty("value")).isEqualTo("""
				sample.greeting=Hello from the center
				sample.max-connections=10
				#---
				spring.config.activate.on-profile=eu
				sample.greeting=Hallo
				""");
		browser.type("#editor", """
				sample.greeting=Hello after the console
				sample.max-connections=10
				#---
				spring.config.activate.on-profile=eu
				sample.greeting=Hallo
				""");
		browser.click("#preview-button");
		browser.awaitPresent("#preview tr.change.modified[data-key='sample.greeting']");
		browser.click("#publish");
		browser.awaitText("#version", String.valueOf(published + 1));
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("Hello after the console"));
		assertThat(admin.get("/api/v1/configs/mcp-sample-app/dev").get("profiles").get(0).get("onProfile").asText())
			.isEqualTo("eu");

		// the comparison is the center's, part by part: the profile document is a part of its own
		browser.clickLink("History");
		browser.awaitPresent("tr[data-version='" + (published + 1) + "']");
		new Select(browser.visible("#diff-from")).selectByValue(String.valueOf(published - 1));
		new Select(browser.visible("#diff-to")).selectByValue(String.valueOf(published));
		browser.click("#compare button[type=submit]");
		browser.awaitPresent("#diff section[data-part='profile'][data-name='eu'] tr.change.added[data-key='sample.greeting']");
		assertThat(browser.driver().findElements(By.cssSelector("#diff section"))).hasSize(1);
		assertThat(browser.text("#diff section")).contains("on-profile eu", "Hallo");
	}

	private void auditLog() throws Exception {
		browser.clickLink("Audit log");
		browser.awaitPresent("#audit tr[data-action='rollback']");
		assertThat(browser.text("#audit tbody tr:first-child")).contains("console-user (publisher)");
		browser.screenshot("audit");

		new Select(browser.visible("#audit-action")).selectByValue("rollback");
		browser.type("#audit-who", "console-user");
		browser.click("form.filters button[type=submit]");
		await().atMost(DEADLINE)
			.until(() -> browser.driver()
				.findElements(By.cssSelector("#audit tr[data-action]:not([data-action='rollback'])"))
				.isEmpty());
		assertThat(browser.text("#audit tbody tr:first-child")).contains("rollback", "console-user (publisher)");
	}

}
