import { describe, expect, it } from 'vitest'
import { compileRoute, matchesRoute, splitPath } from '../../src/proxy/routes'

describe('proxy routes', () => {
  it('matches a method and segments, with :params matching one segment', () => {
    const route = compileRoute('GET /jobs/:id/stream')
    expect(matchesRoute(route, 'GET', splitPath('/jobs/job_1/stream'))).toBe(true)
    expect(matchesRoute(route, 'POST', splitPath('/jobs/job_1/stream'))).toBe(false)
    expect(matchesRoute(route, 'GET', splitPath('/jobs/job_1'))).toBe(false)
    expect(matchesRoute(route, 'GET', splitPath('/jobs/a/b/stream'))).toBe(false)
  })

  it('rejects malformed routes at startup', () => {
    expect(() => compileRoute('jobs')).toThrow(/Invalid proxy route/)
    expect(() => compileRoute('get /jobs')).toThrow(/Invalid proxy route/)
  })

  it('ignores empty segments', () => {
    expect(splitPath('//jobs///x/')).toEqual(['jobs', 'x'])
  })
})
