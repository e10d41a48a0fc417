package io.mcpconfig.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium, driven through its own chromedriver (no download: the
 * paths are given, so Selenium Manager is never asked), with explicit waits, and
 * screenshots of pages when {@code -Dconsole.screenshots=<dir>} is set.
 */
final class ConsoleBrowser implements AutoCloseable {

	private static final String CHROMEDRIVER = System.getProperty("console.chromedriver", "/usr/bin/chromedriver");

	private static final String CHROMIUM = System.getProperty("console.chromium", "/usr/bin/chromium");

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ChromeDriverService service;

	private final ChromeDriver driver;

	private final WebDriverWait wait;

	private ConsoleBrowser(ChromeDriverService service, ChromeDriver driver) {
		this.service = service;
		this.driver = driver;
		// a view follows the event stream and may redraw an element between finding and using it
		this.wait = new WebDriverWait(driver, WAIT);
		this.wait.ignoring(StaleElementReferenceException.class);
	}

	static ConsoleBrowser start() throws IOException {
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.withTimeout(WAIT)
			.build();
		service.start();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		// CI runs as root in a container: no sandbox, and /dev/shm is small
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
				"--disable-gpu", "--no-first-run", "--disable-extensions");
		try {
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
			return new ConsoleBrowser(service, driver);
		}
		catch (RuntimeException ex) {
			service.stop();
			throw ex;
		}
	}

	ChromeDriver driver() {
		return this.driver;
	}

	void open(String url) {
		this.driver.get(url);
	}

	/** The element once it is visible. */
	WebElement visible(String css) {
		return this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
	}

	/** Clicks the element once it can be clicked. */
	void click(String css) {
		click(By.cssSelector(css));
	}

	void clickLink(String text) {
		click(By.linkText(text));
	}

	/**
	 * Finds and clicks in one step, again when the page drew the element anew in between (a
	 * view follows the event stream, and redraws as an acknowledgement arrives).
	 */
	private void click(By locator) {
		this.wait.until((driver) -> {
			WebElement element = ExpectedConditions.elementToBeClickable(locator).apply(driver);
			if (element == null) {
				return false;
			}
			element.click();
			return true;
		});
	}

	/** Replaces what a field holds, as a user selecting all and typing does. */
	void type(String css, String text) {
		WebElement field = visible(css);
		field.clear();
		field.sendKeys(text);
	}

	/** Waits until the element's text contains the text. */
	void awaitText(String css, String text) {
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
	}

	/** Waits until the element's whole text is the text. */
	void awaitTextIs(String css, String text) {
		this.wait.until(ExpectedConditions.textToBe(By.cssSelector(css), text));
	}

	/** Waits until an element matches. */
	void awaitPresent(String css) {
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
	}

	/** The element's text, read again when the page drew the element anew between finding and reading it. */
	String text(String css) {
		return this.wait.until((driver) -> {
			WebElement element = ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)).apply(driver);
			return (element != null) ? element.getText() : null;
		});
	}

	/** Saves the viewport as {@code <name>.png} in {@code -Dconsole.screenshots}, when given. */
	void screenshot(String name) throws IOException {
		String dir = System.getProperty("console.screenshots");
		if (dir == null || dir.isBlank()) {
			return;
		}
		Path target = Files.createDirectories(Path.of(dir)).resolve(name + ".png");
		Files.copy(this.driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			this.service.stop();
		}
	}

}
