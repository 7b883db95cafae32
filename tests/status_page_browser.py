"""Drives the county officers' status page in headless Chromium (Debian's chromium,
chromium-driver and python3-selenium), as tests/status_page_browser_test.sh sets it up: logs in
through the development login form as the officer of one county, finds loans by name and by
bank + id, checks the county's loans table and the portfolio chart, and that another county's
loan is "not found". Explicit waits only.

    /usr/bin/python3 status_page_browser.py --url=http://127.0.0.1:PORT --county=370281 \
        --active=banks/B001/loans/L-1 --overdue=banks/B001/loans/L-2 \
        --approved=banks/B001/loans/L-3 --other=banks/B002/loans/L-9
"""

import argparse
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

WAIT_SECONDS = 15


def make_driver(tmp):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--user-data-dir=" + os.path.join(tmp, "chromium-profile")):
        options.add_argument(arg)
    service = Service("/usr/bin/chromedriver", log_path=os.path.join(tmp, "chromedriver.log"))
    return webdriver.Chrome(service=service, options=options)


def text_of(driver, element_id):
    return driver.find_element(By.ID, element_id).text


def look_up(driver, wait, name=None, bank=None, loan=None):
    for element_id, value in (("loan-name", name), ("loan-bank", bank), ("loan-id", loan)):
        field = driver.find_element(By.ID, element_id)
        field.clear()
        if value:
            field.send_keys(value)
    driver.find_element(By.ID, "loan-find").click()


def run(driver, args):
    wait = WebDriverWait(driver, WAIT_SECONDS)
    principal = "county_officer:" + args.county

    # Log in through the development form; it sets the cookie and sends us to the page.
    driver.get(args.url + "/login")
    wait.until(EC.presence_of_element_located((By.ID, "login-principal"))).send_keys(principal)
    driver.find_element(By.ID, "login-submit").click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "whoami"), principal))
    assert driver.current_url.rstrip("/") == args.url, driver.current_url

    # A loan by its name: status, outstanding, the guarantee recorded on it.
    look_up(driver, wait, name=args.active)
    wait.until(EC.text_to_be_present_in_element((By.ID, "loan-title"), args.active))
    wait.until(EC.text_to_be_present_in_element((By.ID, "loan-status"), "ACTIVE"))
    assert "60,000.00" in text_of(driver, "loan-outstanding"), text_of(driver, "loan-outstanding")
    assert "JOINT_LIABILITY" in text_of(driver, "loan-guarantees"), text_of(driver, "loan-guarantees")
    wait.until(lambda d: text_of(d, "loan-subsidy") not in ("", "…"))

    # The overdue loan by bank and loan id: days past due and its bucket.
    bank, loan = args.overdue.split("/")[1], args.overdue.split("/")[3]
    look_up(driver, wait, bank=bank, loan=loan)
    wait.until(EC.text_to_be_present_in_element((By.ID, "loan-title"), args.overdue))
    wait.until(EC.text_to_be_present_in_element((By.ID, "loan-bucket"), "DPD_"))
    assert int(text_of(driver, "loan-dpd")) > 0, text_of(driver, "loan-dpd")
    assert text_of(driver, "loan-status") == "ACTIVE", text_of(driver, "loan-status")

    # The county's loans, and only the county's.
    expected = {args.active, args.overdue, args.approved}
    rows = "#loans-table tbody tr[data-loan-name]"
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, rows)) == len(expected))
    names = {row.get_attribute("data-loan-name") for row in driver.find_elements(By.CSS_SELECTOR, rows)}
    assert names == expected, names
    assert args.other not in driver.find_element(By.ID, "loans-table").text

    # The chart: one bar group per status present.
    bars = "#portfolio-chart g[data-status]"
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, bars)) == 2)
    statuses = {g.get_attribute("data-status") for g in driver.find_elements(By.CSS_SELECTOR, bars)}
    assert statuses == {"APPROVED", "ACTIVE"}, statuses
    counts = {g.get_attribute("data-status"): g.find_element(By.CSS_SELECTOR, "rect.bar-count").get_attribute("data-count")
              for g in driver.find_elements(By.CSS_SELECTOR, bars)}
    assert counts == {"APPROVED": "1", "ACTIVE": "2"}, counts

    # Another county's loan is not found, as over gRPC.
    look_up(driver, wait, name=args.other)
    wait.until(EC.visibility_of_element_located((By.ID, "loan-error")))
    error = driver.find_element(By.ID, "loan-error")
    assert error.get_attribute("data-reason") == "LOAN_NOT_FOUND", error.text
    assert "NOT_FOUND" in error.text and "name" in error.text, error.text
    assert not driver.find_element(By.ID, "loan-details").is_displayed()

    # A row of the table opens its loan.
    driver.find_element(By.CSS_SELECTOR, '#loans-table tr[data-loan-name="%s"]' % args.approved).click()
    wait.until(EC.text_to_be_present_in_element((By.ID, "loan-title"), args.approved))
    wait.until(EC.text_to_be_present_in_element((By.ID, "loan-status"), "APPROVED"))


def main():
    parser = argparse.ArgumentParser()
    for flag in ("url", "county", "active", "overdue", "approved", "other"):
        parser.add_argument("--" + flag, required=True)
    args = parser.parse_args()
    args.url = args.url.rstrip("/")
    tmp = os.environ.get("TEST_TMPDIR", "/tmp")
    driver = make_driver(tmp)
    try:
        run(driver, args)
    except Exception:
        out = os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR", tmp)
        try:
            driver.save_screenshot(os.path.join(out, "status_page.png"))
            with open(os.path.join(out, "status_page.html"), "w") as f:
                f.write(driver.page_source)
            for entry in driver.get_log("browser"):
                print("browser console:", entry, file=sys.stderr)
        except Exception as e:  # the original failure matters more
            print("could not save the page:", e, file=sys.stderr)
        raise
    finally:
        driver.quit()
    print("PASS: status page")


if __name__ == "__main__":
    main()
