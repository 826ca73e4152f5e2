import { Client } from '@archipelag/client'
import { describe, expect, inject, it } from 'vitest'
import { admin, chromiumForThisFile } from '../helpers/browser'

const { open } = chromiumForThisFile()
const api = admin()

describe('Account', () => {
  it('shows the credits and the Cargo catalogue with prices', async () => {
    const page = await open('/account')
    const account = await api.getAccount()
    await page.waitForSelector('#account-credits')
    expect(Number(await page.locator('#account-credits').getAttribute('data-credits'))).toBe(
      account.credits,
    )
    const rows = page.locator('.cargos-table tbody tr')
    await rows.first().waitFor()
    const workloads = await api.listWorkloads()
    expect(await rows.count()).toBe(workloads.length)
    for (const w of workloads) {
      const row = page.locator(`.cargos-table tr[data-slug="${w.slug}"]`)
      expect(await row.locator('td.num').innerText()).toBe(`${w.pricePerJob} credits`)
    }
    expect(await page.locator('tr[data-slug=whisper]').innerText()).toContain('unavailable')
  })

  it('creates an API key (the full key shown once, copied) and deletes it', async () => {
    const page = await open('/account')
    const name = `e2e-${Date.now()}`
    await page.fill('#key-name', name)
    await page.getByRole('button', { name: 'Create key' }).click()
    const key = await page.locator('#new-key').innerText()
    expect(key).toMatch(/^ak_\S{16,}$/)
    await page.getByRole('button', { name: 'Copy' }).click()
    await page.getByRole('button', { name: 'Copied' }).waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key)
    // It is a real key of this account.
    const created = (await api.listApiKeys()).find((k) => k.name === name)
    expect(key.startsWith(created?.prefix ?? '?')).toBe(true)
    const own = new Client({ apiKey: key, baseUrl: inject('sandbox').url })
    expect((await own.getAccount()).id).toBe((await api.getAccount()).id)
    // Shown once: gone after "Done", and the table shows only its prefix.
    await page.getByRole('button', { name: 'Done, I saved it' }).click()
    expect(await page.locator('#new-key').count()).toBe(0)
    const row = page.locator(`tr[data-key="${created?.id}"]`)
    expect(await row.innerText()).toContain(`${created?.prefix}…`)
    expect(await page.locator('main').innerText()).not.toContain(key)

    await row.getByRole('button', { name: `Delete key ${name}` }).click()
    await row.getByRole('button', { name: `Delete “${name}”` }).click()
    await row.waitFor({ state: 'detached' })
    expect((await api.listApiKeys()).some((k) => k.name === name)).toBe(false)
    await expect(own.getAccount()).rejects.toMatchObject({ status: 401 })
  })

  it("marks the demo's own key, which cannot be deleted (not even by a request of its own)", async () => {
    const page = await open('/account')
    const ours = (await api.listApiKeys()).find((k) =>
      inject('sandbox').apiKey.startsWith(k.prefix),
    )
    const row = page.locator(`tr[data-key="${ours?.id}"]`)
    await row.getByText('used by this demo').waitFor()
    expect(await row.getByRole('button').count()).toBe(0)
    const status = await page.evaluate(
      async (id) =>
        (await fetch(`/api/archipelag/api/v1/api-keys/${id}`, { method: 'DELETE' })).status,
      ours?.id,
    )
    expect(status).toBe(403)
    expect((await api.listApiKeys()).some((k) => k.id === ours?.id)).toBe(true)
  })
})
