import { Component, type ReactNode } from 'react'

/** A page that throws while rendering shows what happened and a way out, never a blank page. */
export class ErrorBoundary extends Component<
  { children: ReactNode; resetKey: string },
  { error?: Error }
> {
  override state: { error?: Error } = {}

  static getDerivedStateFromError(error: Error) {
    return { error }
  }

  override componentDidUpdate(previous: { resetKey: string }) {
    // Another page was chosen: try rendering again.
    if (previous.resetKey !== this.props.resetKey && this.state.error)
      this.setState({ error: undefined })
  }

  override render() {
    const { error } = this.state
    if (!error) return this.props.children
    return (
      <div className="notice notice-error" role="alert">
        <p className="notice-title">This page broke</p>
        <p>{error.message}</p>
        <p className="notice-next">
          Another page still works; reloading usually brings this one back.
        </p>
        <button type="button" onClick={() => location.reload()}>
          Reload the page
        </button>
      </div>
    )
  }
}
